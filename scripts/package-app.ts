/**
 * Builds the Teams app package: appPackage/build/appPackage.<env>.zip.
 *
 *   npm run package                    values from env/.env.dev (+ env/.env.dev.user) and the environment
 *   npm run package -- --env local     values from env/.env.local instead
 *   npm run package -- --local         demo ids and localhost for whatever is not set (env "local")
 *
 * The environment wins over the env files, so CI can pass TEAMS_APP_ID, BOT_ID, BOT_DOMAIN, ...
 * directly. A missing value stops the build with its name; nothing is written until the manifest
 * validates against the Teams schema and the icons pass the Teams rules.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, parseEnv } from 'node:util';
import { ROOT_DIR } from '../src/paths.js';
import { AppPackageError, LOCAL_DEMO_VALUES, packageApp } from '../src/teams/app-package.js';

const USAGE = `Usage: npm run package -- [--env <name>] [--local]
  --env <name>  read env/.env.<name> and env/.env.<name>.user; names the zip (default: dev)
  --local       fill anything unset with demo ids and localhost (env "local")`;

/** An env file in the toolkit's format (dotenv); absent files count as empty. */
function readEnvFile(file: string): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  return parseEnv(fs.readFileSync(file, 'utf8')) as Record<string, string>;
}

function main(): number {
  let args: { env?: string | undefined; local?: boolean | undefined; help?: boolean | undefined };
  try {
    args = parseArgs({
      options: { env: { type: 'string' }, local: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }

  const env = args.env ?? (args.local ? 'local' : 'dev');
  const envDir = path.join(ROOT_DIR, 'env');
  const fromEnvironment = Object.fromEntries(
    Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const values: Record<string, string | undefined> = {
    ...(args.local ? LOCAL_DEMO_VALUES : {}),
    ...dropEmpty(readEnvFile(path.join(envDir, `.env.${env}`))),
    ...dropEmpty(readEnvFile(path.join(envDir, `.env.${env}.user`))),
    ...fromEnvironment,
  };

  try {
    const result = packageApp({ env, values });
    console.log(`Wrote ${path.relative(process.cwd(), result.zipPath)} (${result.entries.join(', ')})`);
    if (args.local) {
      console.log(
        'It uses demo ids where none were set: for the Agents Playground and checks, not a real tenant.',
      );
    } else {
      console.log('Upload it in Teams (Apps > Manage your apps > Upload an app) or the Teams admin centre.');
    }
    return 0;
  } catch (error) {
    if (error instanceof AppPackageError) {
      console.error(error.message);
      if (!args.local) console.error('For a demo package with stand-in ids: npm run package -- --local');
      return 1;
    }
    throw error;
  }
}

function dropEmpty(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
}

process.exitCode = main();
