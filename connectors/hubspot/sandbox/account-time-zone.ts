/**
 * The sandbox portal's time zone setting: account details serve it, and the daily API quota resets at
 * midnight in it ("at midnight based on your time zone setting", usage guidelines).
 */
export const ACCOUNT_TIME_ZONE = 'US/Eastern';
