/**
 * Word lists and weights for generated people and companies. Weights are rough B2B shares (a CRM is
 * mostly managers, engineers and analysts; C-level titles are rare), chosen so the example scoring model
 * produces a realistic spread of grades.
 */

/** Splits a comma-separated word list written as a template literal (one line per row keeps the file short). */
function list(text: string): readonly string[] {
  return text
    .split(',')
    .map((word) => word.trim())
    .filter((word) => word !== '');
}

/** Parses `name=weight, name=weight` rows; an empty name (`=7`) stands for "no value". */
function weighted(text: string): readonly (readonly [string, number])[] {
  return list(text).map((row) => {
    const at = row.lastIndexOf('=');
    return [row.slice(0, at).trim(), Number(row.slice(at + 1))] as const;
  });
}

/** Name pools by region, so a German company mostly employs people with German names. */
export const NAME_POOLS = {
  english: {
    first: list(`
    James, Mary, John, Patricia, Robert, Jennifer, Michael, Linda, William, Elizabeth, David, Barbara,
    Richard, Susan, Joseph, Jessica, Thomas, Sarah, Charles, Karen, Daniel, Nancy, Matthew, Lisa,
    Anthony, Betty, Mark, Emily, Steven, Ashley, Andrew, Olivia, Joshua, Megan, Kevin, Rachel, Brian,
    Laura, Ryan, Hannah, Priya, Wei, Carlos, Aisha
  `),
    last: list(`
    Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez, Wilson,
    Anderson, Taylor, Thomas, Moore, Jackson, Martin, Lee, Thompson, White, Harris, Clark, Lewis,
    Walker, Hall, Young, King, Wright, Scott, Green, Baker, Adams, Nelson, Campbell, Mitchell, Roberts,
    Carter, Phillips, Evans, Turner, Patel, Nguyen, Chen, Kim
  `),
  },
  german: {
    first: list(`
    Lukas, Anna, Maximilian, Sophie, Felix, Laura, Jonas, Lea, Paul, Julia, Leon, Katharina, Tobias,
    Marie, Stefan, Sabine, Andreas, Claudia, Jürgen, Petra, Matthias, Monika, Florian, Nina, Sebastian,
    Lena, Markus, Birgit, Thomas, Eva
  `),
    last: list(`
    Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Koch, Bauer,
    Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Braun, Krüger, Hofmann, Hartmann,
    Lange, Werner, Huber, Gruber, Steiner, Keller, Brunner
  `),
  },
  romance: {
    first: list(`
    Lucas, Camille, Hugo, Chloé, Louis, Manon, Pablo, Lucía, Javier, Carmen, Marco, Giulia, Luca,
    Francesca, Mateo, Sofia, Antoine, Élise, Diego, Beatriz
  `),
    last: list(`
    Martin, Bernard, Dubois, Thomas, Robert, Petit, Durand, Leroy, García, Fernández, López, Sánchez,
    Pérez, Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Costa
  `),
  },
  nordic: {
    first: list(`
    Erik, Anna, Lars, Ingrid, Johan, Sofie, Mikkel, Freja, Jan, Emma, Pieter, Sanne, Daan, Fleur, Ole,
    Astrid, Piotr, Agnieszka, Tomasz, Kasia
  `),
    last: list(`
    Andersson, Johansson, Karlsson, Nilsson, Hansen, Jensen, Nielsen, Larsen, de Jong, Jansen,
    de Vries, van den Berg, Bakker, Visser, Nowak, Kowalski, Wiśniewski, Lindqvist, Berg, Dahl
  `),
  },
} as const;
export type NamePool = keyof typeof NAME_POOLS;

/** Countries with their weight in the CRM, name pool, phone prefix, company legal suffixes, TLD and language. */
export interface Country {
  readonly name: string;
  readonly weight: number;
  readonly pool: NamePool;
  readonly phone: string;
  readonly suffixes: readonly string[];
  readonly tld: string;
  readonly language: string;
}

const country = (
  name: string,
  weight: number,
  pool: NamePool,
  phone: string,
  suffixes: string,
  tld: string,
  language: string,
): Country => ({
  name,
  weight,
  pool,
  phone,
  suffixes: suffixes.split('|'),
  tld,
  language,
});

export const COUNTRIES: readonly Country[] = [
  country('United States', 34, 'english', '+1', 'Inc.|LLC|Corp.', 'com', 'en'),
  country('Germany', 13, 'german', '+49', 'GmbH|AG|GmbH & Co. KG', 'de', 'de'),
  country('United Kingdom', 10, 'english', '+44', 'Ltd|plc', 'co.uk', 'en'),
  country('France', 6, 'romance', '+33', 'SA|SAS', 'fr', 'fr'),
  country('Canada', 5, 'english', '+1', 'Inc.|Ltd.', 'ca', 'en'),
  country('Netherlands', 4, 'nordic', '+31', 'B.V.|N.V.', 'nl', 'nl'),
  country('Austria', 3, 'german', '+43', 'GmbH|AG', 'at', 'de'),
  country('Switzerland', 3, 'german', '+41', 'AG|GmbH|SA', 'ch', 'de'),
  country('Spain', 3, 'romance', '+34', 'S.L.|S.A.', 'es', 'es'),
  country('Italy', 3, 'romance', '+39', 'S.p.A.|S.r.l.', 'it', 'it'),
  country('Sweden', 2, 'nordic', '+46', 'AB', 'se', 'sv'),
  country('Denmark', 1.5, 'nordic', '+45', 'A/S|ApS', 'dk', 'en'),
  country('Poland', 2, 'nordic', '+48', 'Sp. z o.o.|S.A.', 'pl', 'pl'),
  country('Australia', 3, 'english', '+61', 'Pty Ltd', 'com.au', 'en'),
  country('India', 4, 'english', '+91', 'Pvt. Ltd.|Ltd.', 'in', 'en'),
  country('Brazil', 2, 'romance', '+55', 'Ltda.|S.A.', 'com.br', 'pt'),
  country('Mexico', 1.5, 'romance', '+52', 'S.A. de C.V.', 'mx', 'es'),
];

/** Job titles by weight; `=7` is "no title". "IT Manager" and students/interns matter to the example model. */
export const TITLES: readonly (readonly [string, number])[] = weighted(`
  CEO=0.6, Founder & CEO=0.3, Co-Founder=0.3, President=0.3, Chief Technology Officer=0.3,
  Chief Operating Officer=0.2, Chief Financial Officer=0.2, Chief Marketing Officer=0.15,
  Chief Information Officer=0.2, Managing Director=0.7, VP of Engineering=1.2, VP Sales=1.2,
  VP of Operations=1, Vice President Marketing=0.7, Director of IT=1.7,
  Director of Manufacturing=1.2, Director of Procurement=1, Engineering Director=1,
  Head of Digital Transformation=0.7, Head of Production=0.9, Sales Director=1.2,
  Marketing Director=1, IT Manager=4, Plant Manager=2.5, Operations Manager=3.5, Project Manager=4,
  Product Manager=3, Purchasing Manager=2.5, Marketing Manager=3, Sales Manager=3, Quality Manager=2,
  Maintenance Manager=1.5, Account Manager=2.5, Office Manager=1.2, Software Engineer=5,
  Senior Software Engineer=3, Mechanical Engineer=3, Process Engineer=2.5, Systems Engineer=2,
  Field Service Engineer=1.5, DevOps Engineer=1.5, Electrical Engineer=1.5, Business Analyst=3.5,
  Data Analyst=3, Financial Analyst=2, Supply Chain Analyst=1.5, Consultant=3, Buyer=2,
  Marketing Specialist=2, Sales Representative=2.5, Administrative Assistant=1.5, Technician=2,
  Coordinator=1.5, Student=2.5, Intern=1.5, Marketing Intern=0.6, PhD Student=0.5, =7
`);

export const INDUSTRIES: readonly (readonly [string, number])[] = weighted(`
  Manufacturing=18, Industrial Machinery=11, Automotive=6, Computer Software=12,
  Information Technology and Services=10, Electrical/Electronic Manufacturing=5, Chemicals=3,
  Logistics and Supply Chain=5, Construction=4, Financial Services=5, Retail=5,
  Hospital & Health Care=4, Higher Education=3, Telecommunications=3, Food & Beverages=3,
  Consumer Goods=3, Oil & Energy=3, Government Administration=2, Marketing and Advertising=2
`);

export const COMPANY_WORDS_A = list(`
    Acme, Apex, Atlas, Blue, Bright, Cascade, Crest, Delta, Eagle, Everest, Falcon, Forge, Frontier,
    Global, Granite, Harbor, Helix, Horizon, Iron, Keystone, Lumen, Maple, Meridian, Nord, Nova, Oak,
    Omega, Orion, Pacific, Peak, Pinnacle, Polar, Prime, Quantum, Rhein, Ridge, River, Silver, Solid,
    Summit, Terra, Titan, Trident, Union, Vector, Vertex, Alpen, Zenith, Stahl, Boreal, Cobalt, Copper,
    Evergreen, Fjord, Greystone, Highland, Kestrel, Linden, Magnus, Northwind
  `);
export const COMPANY_WORDS_B = list(`
    Systems, Industries, Technologies, Manufacturing, Machines, Dynamics, Solutions, Engineering,
    Automation, Robotics, Logistics, Components, Materials, Tools, Works, Labs, Software, Analytics,
    Group, Partners, Metals, Controls, Motion, Precision, Hydraulics, Energy, Devices, Fabrication,
    Instruments, Networks
  `);
export const COMPANY_WORDS_C = list(`
    North, South, East, West, Central, Alpine, Coastal, Metro, United, International, Continental,
    Royal, First, Allied, General, National, Modern, Advanced, Integrated, Standard
  `);

export const FREE_MAIL_DOMAINS = list(`
    gmail.com, yahoo.com, hotmail.com, outlook.com, gmx.de, web.de, icloud.com
  `);

/** Lead sources as HubSpot's `hs_analytics_source` values, with the Salesforce `LeadSource` picklist value. */
export const LEAD_SOURCES: readonly (readonly [{ hubspot: string; salesforce: string }, number])[] = [
  [{ hubspot: 'ORGANIC_SEARCH', salesforce: 'Web' }, 26],
  [{ hubspot: 'DIRECT_TRAFFIC', salesforce: 'Web' }, 14],
  [{ hubspot: 'PAID_SEARCH', salesforce: 'Web' }, 10],
  [{ hubspot: 'SOCIAL_MEDIA', salesforce: 'Web' }, 6],
  [{ hubspot: 'EMAIL_MARKETING', salesforce: 'Other' }, 6],
  [{ hubspot: 'REFERRALS', salesforce: 'Partner Referral' }, 8],
  [{ hubspot: 'OFFLINE_EVENT', salesforce: 'Trade Show' }, 10],
  [{ hubspot: 'OFFLINE_PURCHASED_LIST', salesforce: 'Purchased List' }, 12],
  [{ hubspot: 'OFFLINE_SALES', salesforce: 'Phone Inquiry' }, 5],
  [{ hubspot: 'OTHER_CAMPAIGNS', salesforce: 'Other' }, 3],
];

/** Junk records every real CRM has: the scoring model's disqualify rules must catch these. */
export const JUNK_PEOPLE: readonly {
  firstName: string;
  lastName: string;
  email: string;
  jobTitle: string | null;
}[] = [
  { firstName: 'Mickey', lastName: 'Mouse', email: 'mickey@mouse.com', jobTitle: 'CEO' },
  { firstName: 'Donald', lastName: 'Duck', email: 'donald.duck@duck.com', jobTitle: null },
  { firstName: 'Test', lastName: 'Test', email: 'test@test.com', jobTitle: 'test' },
  { firstName: 'asdf', lastName: 'asdf', email: 'asdf@asdf.com', jobTitle: 'asdf' },
  { firstName: 'John', lastName: 'Doe', email: 'john.doe@example.com', jobTitle: 'President' },
];

/** Competitor domains the example model disqualifies. */
export const COMPETITOR_DOMAINS = ['rivalsoft.com', 'competitor.com'];

export const PREFERRED_LANGUAGES = list(`
    en, de, fr, es, it, nl, pl, pt, sv
  `);
