import type { Role } from '../directory/roles.js';

/**
 * Who may see the messages the bot could not deliver and send them again (issue 7). Deny by
 * default: the school's admins only, who look after the Teams installation (DESIGN.md, "Roles").
 * What they see is ids, dates and the Connector's codes, never what a message said.
 */
export function canManageFailedMessages(roles: readonly Role[]): boolean {
  return roles.includes('admin');
}
