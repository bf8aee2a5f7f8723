import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export type ExportLinkFormat = 'html' | 'csv';

export type RedeemedExportLink = {
  schoolId: string;
  reportId: string;
  personId: string;
  format: ExportLinkFormat;
};

/** Only a hash is stored: someone who can read the table still cannot open an export. */
const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Single-use, short-lived links to a case's export (issue 5 §10). Teams cannot easily take a file
 * from a bot, so the case card carries a link instead; the link is a bearer secret, so it is
 * random (256 bits), works once, and runs out.
 */
export class ReportExportLinkRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Returns the token to put in the URL; it is not kept. */
  async create(props: {
    schoolId: string;
    reportId: string;
    personId: string;
    format: ExportLinkFormat;
    at: Date;
    validForMs: number;
  }): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db
      .insertInto('report_export_links')
      .values({
        token_hash: hashOf(token),
        school_id: props.schoolId,
        report_id: props.reportId,
        person_id: props.personId,
        format: props.format,
        expires_at: new Date(props.at.getTime() + props.validForMs),
        used_at: null,
        created_at: props.at,
      })
      .execute();
    return token;
  }

  /**
   * Uses the link up, if it is unused and in date: one statement, so two requests at once cannot
   * both have it. Undefined for a used, expired or unknown token (the caller says the same for all).
   */
  async redeem(token: string, format: ExportLinkFormat, at: Date): Promise<RedeemedExportLink | undefined> {
    const row = await this.db
      .updateTable('report_export_links')
      .set({ used_at: at })
      .where('token_hash', '=', hashOf(token))
      .where('format', '=', format)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .returning(['school_id', 'report_id', 'person_id', 'format'])
      .executeTakeFirst();
    return (
      row && { schoolId: row.school_id, reportId: row.report_id, personId: row.person_id, format: row.format }
    );
  }
}
