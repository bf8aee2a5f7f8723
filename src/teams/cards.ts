import fs from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { type Attachment, CardFactory } from 'botbuilder';
import { CARDS_DIR } from '../paths.js';

/**
 * Renders the Adaptive Card templates in `cards/` with their data. Data is bound, never spliced
 * into the template: text a person typed is not re-evaluated as a `${...}` expression.
 */
export class CardRenderer {
  private readonly templates = new Map<string, ACData.Template>();
  private readonly messages: Record<string, string>;

  constructor(private readonly dir: string = CARDS_DIR) {
    this.messages = JSON.parse(fs.readFileSync(path.join(dir, 'text', 'messages.json'), 'utf8'));
  }

  /** The expanded card JSON. */
  render(name: string, data: object): Record<string, unknown> {
    return this.template(name).expand({ $root: data }) as Record<string, unknown>;
  }

  attachment(name: string, data: object): Attachment {
    return CardFactory.adaptiveCard(this.render(name, data));
  }

  /** A plain-text message from `cards/text/messages.json`, with `{name}` placeholders filled. */
  text(key: string, values: Record<string, string> = {}): string {
    const template = this.messages[key];
    if (template === undefined) throw new Error(`No message text for key "${key}"`);
    return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
  }

  hasText(key: string): boolean {
    return key in this.messages;
  }

  private template(name: string): ACData.Template {
    let t = this.templates.get(name);
    if (!t) {
      const file = path.join(this.dir, `${name}.json`);
      t = new ACData.Template(JSON.parse(fs.readFileSync(file, 'utf8')));
      this.templates.set(name, t);
    }
    return t;
  }
}
