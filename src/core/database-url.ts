/** `postgres://` and `postgresql://` name a PostgreSQL server; anything else is a SQLite file path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location.trim());
}

/**
 * A database location fit to print: a PostgreSQL URL without its password (in the userinfo or
 * a `password=` parameter); a SQLite path as it is. Used by `config check` and every message
 * that names the database.
 */
export function redactDatabaseUrl(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    for (const key of [...url.searchParams.keys()]) {
      if (/^(password|sslpassword|sslkey)$/i.test(key)) url.searchParams.set(key, '***');
    }
    return url.toString();
  } catch {
    // Unparseable: print nothing that could be the secret.
    return location.replace(/\/\/[^@/]*@/, '//***@').replace(/(password=)[^&]*/gi, '$1***');
  }
}
