import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, openStore, type Store } from '../../src/store/database.js';
import { loadSnapshot } from './snapshot.js';

/**
 * The databases every repository test runs against: embedded PGlite always, and a PostgreSQL
 * server when TEST_DATABASE_URL is set (CI starts one). Each call gets an empty, migrated
 * database of its own.
 */
export type StoreTarget = { name: string; open(): Promise<Store> };

export const STORE_TARGETS: StoreTarget[] = [
  {
    name: 'PGlite',
    open: async () => openStore({ kind: 'memory', snapshot: loadSnapshot() }),
  },
  ...(process.env.TEST_DATABASE_URL
    ? [
        {
          name: 'PostgreSQL server',
          open: async () => {
            const database = await createServerDatabase();
            const store = await openStore({ kind: 'server', url: database.url });
            await migrateToLatest(store.db);
            return {
              ...store,
              close: async () => {
                await store.close();
                await database.drop();
              },
            };
          },
        },
      ]
    : []),
];

/** An empty database on the TEST_DATABASE_URL server, dropped by `drop()`. */
export async function createServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `osb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      // Not WITH (FORCE): terminating a connection that is still closing makes pg raise an
      // unhandled error in this process. The store is closed first; wait for its sessions to go.
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            await dropper.query(`DROP DATABASE IF EXISTS ${name}`);
            break;
          } catch (error) {
            if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      } finally {
        await dropper.end();
      }
    },
  };
}
