import { openStore, type Store } from '../src/store/database.js';

/**
 * A database of its own on the PostgreSQL server at `adminUrl` (BENCH_DATABASE_URL), dropped
 * afterwards (close `store` first); `url` is for processes that open it themselves.
 */
export async function serverDatabase(
  adminUrl: string,
): Promise<{ store: Store; url: string; drop(): Promise<void> }> {
  const pg = (await import('pg')).default;
  const name = `osb_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ kind: 'server', url: url.toString() });
  return {
    store,
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      // Connections another process left behind (a killed bot) must not keep it alive.
      await dropper.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [name],
      );
      await dropper.query(`DROP DATABASE IF EXISTS ${name}`);
      await dropper.end();
    },
  };
}
