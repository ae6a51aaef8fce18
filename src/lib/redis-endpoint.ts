/** The host:port of a Redis URL for messages and logs: never its password or user name. */
export function redisEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? '(no host)' : parsed.host;
  } catch {
    return '(unparseable URL)';
  }
}
