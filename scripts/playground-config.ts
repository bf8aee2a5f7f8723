import { stringify } from 'yaml';
import {
  DEMO_TENANT_ID,
  demoPerson,
  PLAYGROUND_KEYS,
  PLAYGROUND_TEAM,
  type PlaygroundKey,
} from '../src/store/seed/demo-school.js';

/**
 * The Microsoft 365 Agents Playground's mock data (`.m365agentsplayground.yml`, schema 0.1.1),
 * made from the demo school so that the playground's people are the school's people: the current
 * user and five others (the playground holds at most five besides the current user).
 */
export function playgroundConfig(currentUser: PlaygroundKey): string {
  const user = (key: string, index: number) => {
    const p = demoPerson(key);
    const [givenName, ...rest] = p.displayName.replace(/^(Mr|Mrs|Ms|Miss|Dr) /, '').split(' ');
    return {
      id: `29:demo-${key}-${index}`,
      name: p.displayName,
      userPrincipleName: p.email,
      aadObjectId: p.aadObjectId,
      givenName,
      surname: rest.join(' '),
      email: p.email,
    };
  };
  const others = PLAYGROUND_KEYS.filter((k) => k !== currentUser);
  const config = {
    version: '0.1.1',
    tenantId: DEMO_TENANT_ID,
    bot: { id: '28:online-safety-bot', name: 'Online Safety Bot' },
    currentUser: user(currentUser, 0),
    users: others.map((k, i) => user(k, i + 1)),
    personalChat: { id: '__PERSONAL_CHAT_ID__' },
    groupChat: { id: '19:demo-staff-chat@thread.v2', name: 'Year 4 staff chat' },
    team: {
      id: PLAYGROUND_TEAM.id,
      name: PLAYGROUND_TEAM.name,
      aadGroupId: PLAYGROUND_TEAM.aadGroupId,
      channels: [{ id: '19:demo-year4-lessons@thread.tacv2', name: 'Lessons' }],
    },
  };
  return [
    '# yaml-language-server: $schema=https://aka.ms/teams-app-test-tool-config/0.1.1/config.schema.json',
    '# Made by `npm run dev` from the demo school (src/store/seed/demo-school.ts); edits are overwritten.',
    stringify(config),
  ].join('\n');
}
