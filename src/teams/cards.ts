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
    this.messages = loadMessages(path.join(dir, 'text'));
  }

  /** The expanded card JSON. */
  render(name: string, data: object): Record<string, unknown> {
    return this.template(name).expand({ $root: data }) as Record<string, unknown>;
  }

  attachment(name: string, data: object): Attachment {
    return CardFactory.adaptiveCard(this.render(name, data));
  }

  /** A plain-text message from `cards/text/*.json`, with `{name}` placeholders filled. */
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

/**
 * Every `cards/text/*.json` file, one per feature, as one table of messages. A key given twice is
 * a mistake that would make one feature speak another's words, so it stops the start.
 */
function loadMessages(textDir: string): Record<string, string> {
  const messages: Record<string, string> = {};
  const owner = new Map<string, string>();
  for (const file of fs
    .readdirSync(textDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const table = JSON.parse(fs.readFileSync(path.join(textDir, file), 'utf8')) as Record<string, string>;
    for (const [key, text] of Object.entries(table)) {
      const first = owner.get(key);
      if (first) throw new Error(`Message "${key}" is in both cards/text/${first} and cards/text/${file}`);
      owner.set(key, file);
      messages[key] = text;
    }
  }
  return messages;
}
