import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import AjvModule from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { CARDS_DIR, ROOT_DIR } from '../../src/paths.js';

/**
 * Every Adaptive Card template in cards/ is a version 1.5 card, and renders (with its sample data
 * in cards/samples/<name>.data.json when there is one) to a card the Adaptive Cards 1.5 schema
 * accepts, with the additions Teams documents. Offline: the schema is vendored.
 */

const SCHEMA_PATH = path.join(ROOT_DIR, 'test', 'fixtures', 'schemas', 'adaptive-card-1.5.schema.json');
const SAMPLES_DIR = path.join(CARDS_DIR, 'samples');

type JsonObject = Record<string, unknown>;
type SchemaDefinitions = Record<string, { properties: Record<string, unknown> }>;

/**
 * What Teams accepts beyond the published 1.5 schema, and nothing more:
 * - `msteams` on the card: `{ "width": "Full" }` for a full-width card, and `entities` holding
 *   the `mention` objects behind `<at>name</at>` text (Teams: "Format cards in Teams", mentions
 *   and full width Adaptive Cards).
 * - `msTeams: { "allowExpand": true }` on an Image, to open it in Stageview (same page).
 * - `rtl` on Container and TableCell: the 1.5 spec defines it, but the published JSON misspells
 *   the property as `"rtl?"` on those two.
 * `Action.Execute` (Universal Actions, which Teams sends as an `adaptiveCard/action` invoke) is
 * already in the 1.5 schema; so is any `msteams` object inside an action's `data`, which the
 * schema types as a free object.
 */
function teamsAdaptiveCardSchema(): JsonObject {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as JsonObject;
  // The file names itself with draft-04's `id`; draft-06, which it declares, spells it `$id`.
  schema.$id = schema.id;
  delete schema.id;
  const definitions = schema.definitions as SchemaDefinitions;
  const card = definitions.AdaptiveCard as { properties: Record<string, unknown> };
  card.properties.msteams = {
    type: 'object',
    additionalProperties: false,
    properties: {
      width: { enum: ['Full'] },
      entities: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'text', 'mentioned'],
          properties: {
            type: { enum: ['mention'] },
            text: { type: 'string', pattern: '^<at>.*</at>$' },
            mentioned: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'name'],
              properties: { id: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' } },
            },
          },
        },
      },
    },
  };
  (definitions.Image as { properties: Record<string, unknown> }).properties.msTeams = {
    type: 'object',
    additionalProperties: false,
    properties: { allowExpand: { type: 'boolean' } },
  };
  for (const name of ['Container', 'TableCell']) {
    const properties = (definitions[name] as { properties: Record<string, unknown> }).properties;
    properties.rtl = properties['rtl?'];
  }
  return schema;
}

// The schema declares draft-06 and uses keywords of its own ("version", "features"), so Ajv gets
// the draft-06 meta-schema (bundled with Ajv, no network) and ignores unknown keywords.
const ajv = new AjvModule.default({ allErrors: true, strict: false, verbose: true });
ajv.addMetaSchema(createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json'));
addFormats.default(ajv);
const schema = teamsAdaptiveCardSchema();
const validateSchema = ajv.compile(schema);

/**
 * Which element or action types each part of the schema speaks for: a definition named by its
 * `type` (TextBlock, Container, Action.Execute, ...) and its properties speak for that type; a
 * shared base (Extendable.Input, ...) for the types that extend it.
 */
const speaksFor = new Map<object, Set<string>>();
const definitions = schema.definitions as Record<string, JsonObject>;
for (const [name, definition] of Object.entries(definitions)) {
  const properties = (definition.properties ?? {}) as Record<string, { enum?: unknown[] }>;
  if (properties.type?.enum?.length !== 1 || properties.type.enum[0] !== name) continue;
  for (const part of [definition, ...Object.values(properties)]) speaksFor.set(part, new Set([name]));
  for (const { $ref } of (definition.allOf ?? []) as { $ref?: string }[]) {
    const base = definitions[$ref?.replace('#/definitions/', '') ?? ''];
    if (base) speaksFor.set(base, new Set([...(speaksFor.get(base) ?? []), name]));
  }
}
const knownTypes = new Set([...speaksFor.values()].flatMap((types) => [...types]));

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const key of pointer.split('/').slice(1)) {
    value = (value as Record<string, unknown> | undefined)?.[key.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return value;
}

/** The nearest element or action at or around a JSON pointer: its pointer and `type`. */
function owner(card: unknown, pointer: string): { at: string; type: string } | undefined {
  for (let parts = pointer.split('/'); parts.length > 0; parts = parts.slice(0, -1)) {
    const value = valueAt(card, parts.join('/'));
    if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
      return { at: parts.join('/'), type: (value as { type: string }).type };
    }
  }
  return undefined;
}

/**
 * The schema's errors that matter. The schema tries every element type in turn (anyOf), so a
 * wrong TextBlock also "fails" as a Container, an Image and so on: an error raised by a part of
 * the schema that speaks for other types than the element's own is dropped.
 */
function validateCard(card: unknown): string[] {
  if (validateSchema(card)) return [];
  const messages = new Set<string>();
  for (const e of validateSchema.errors ?? []) {
    if (['anyOf', 'allOf', 'oneOf'].includes(e.keyword)) continue;
    const element = owner(card, e.instancePath);
    if (element && !knownTypes.has(element.type)) {
      messages.add(
        `${element.at || '/'} has type "${element.type}", which Adaptive Cards 1.5 does not define`,
      );
      continue;
    }
    const types = speaksFor.get(e.parentSchema as object);
    if (element && types && !types.has(element.type)) continue;
    messages.add(`${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
  return messages.size > 0 ? [...messages] : ['does not match the Adaptive Card schema'];
}

function readJson(file: string): JsonObject {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as JsonObject;
}

function sampleFor(name: string): string | undefined {
  const file = path.join(SAMPLES_DIR, `${name}.data.json`);
  return fs.existsSync(file) ? file : undefined;
}

function expand(template: JsonObject, data: unknown): JsonObject {
  return new ACData.Template(template).expand({ $root: data }) as JsonObject;
}

const entries = fs.existsSync(CARDS_DIR) ? fs.readdirSync(CARDS_DIR, { withFileTypes: true }) : [];
const templates = entries
  .filter((e) => e.isFile() && e.name.endsWith('.json'))
  .map((e) => e.name.slice(0, -'.json'.length))
  .sort();

describe('the Adaptive Card 1.5 validator, with what Teams adds', () => {
  it('accepts a card using Teams features: full width, a mention, Action.Execute, expandable image', () => {
    const card = {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.5',
      msteams: {
        width: 'Full',
        entities: [
          { type: 'mention', text: '<at>Ms Patel</at>', mentioned: { id: '29:1abc', name: 'Ms Patel' } },
        ],
      },
      body: [
        { type: 'TextBlock', text: 'Hello <at>Ms Patel</at>', wrap: true, style: 'heading' },
        {
          type: 'Image',
          url: 'https://www.example.org/shield.png',
          altText: 'A shield',
          msTeams: { allowExpand: true },
        },
        { type: 'Container', rtl: false, items: [{ type: 'TextBlock', text: 'Inside' }] },
        {
          type: 'Table',
          columns: [{ width: 1 }, { width: 2 }],
          rows: [
            {
              type: 'TableRow',
              cells: [
                { type: 'TableCell', items: [{ type: 'TextBlock', text: 'Course' }] },
                { type: 'TableCell', items: [{ type: 'TextBlock', text: 'Due' }] },
              ],
            },
          ],
        },
        { type: 'Input.Text', id: 'worry', label: 'What happened?', isMultiline: true, isRequired: true },
      ],
      actions: [
        {
          type: 'Action.Execute',
          title: 'Send',
          verb: 'report.submit',
          data: { step: 1 },
          style: 'positive',
        },
        {
          type: 'Action.Submit',
          title: 'Old style',
          data: { msteams: { type: 'messageBack', text: 'help' } },
        },
      ],
    };
    expect(validateCard(card)).toEqual([]);
  });

  it.each([
    ['an element type that does not exist', { type: 'Carousel', pages: [] }, 'has type "Carousel"'],
    ['a TextBlock without text', { type: 'TextBlock', wrap: true }, "required property 'text'"],
    // What a template gives when it binds a number where text belongs: Teams shows nothing.
    ['a TextBlock whose text is a number', { type: 'TextBlock', text: 3 }, '/body/0/text must be string'],
    ['an input without an id', { type: 'Input.Text', label: 'Name' }, "required property 'id'"],
  ])('rejects %s, and says so', (_, element, message) => {
    const errors = validateCard({ type: 'AdaptiveCard', version: '1.5', body: [element] });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  it('rejects msteams properties Teams does not document', () => {
    expect(
      validateCard({ type: 'AdaptiveCard', version: '1.5', msteams: { width: 'Wide' }, body: [] }),
    ).not.toEqual([]);
    expect(
      validateCard({ type: 'AdaptiveCard', version: '1.5', msteams: { theme: 'dark' }, body: [] }),
    ).not.toEqual([]);
  });
});

describe('cards/*.json', () => {
  it('holds card templates whenever it holds files', () => {
    const files = entries.filter((e) => e.isFile() && !e.name.startsWith('.') && !e.name.endsWith('.md'));
    expect(
      files.length === 0 || templates.length > 0,
      `cards/ has ${files.map((f) => f.name).join(', ')} but no *.json card templates`,
    ).toBe(true);
  });

  it.each(templates)('%s is an Adaptive Card 1.5 template that expands', (name) => {
    const template = readJson(path.join(CARDS_DIR, `${name}.json`));
    expect(template.type).toBe('AdaptiveCard');
    expect(template.version, `${name}.json: Teams renders version 1.5; set "version": "1.5"`).toBe('1.5');
    const sample = sampleFor(name);
    expect(() => expand(template, sample ? readJson(sample) : {})).not.toThrow();
  });

  it.each(templates)('%s, expanded with its sample data, matches the Adaptive Card 1.5 schema', (name) => {
    const template = readJson(path.join(CARDS_DIR, `${name}.json`));
    const sample = sampleFor(name);
    // Without sample data the bindings stay as "${...}" text and $when parts drop out: that still
    // checks the card's structure, but not what the bound values do to it.
    const card = expand(template, sample ? readJson(sample) : {});
    expect(card.version).toBe('1.5');
    const hint = sample
      ? ''
      : ` (no sample data: add cards/samples/${name}.data.json to check the bound values)`;
    expect(validateCard(card), `cards/${name}.json${hint}`).toEqual([]);
  });

  it('has no sample data for a card that does not exist', () => {
    const samples = fs.existsSync(SAMPLES_DIR)
      ? fs.readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.json'))
      : [];
    const orphans = samples.filter((f) => !(f.endsWith('.data.json') && templates.includes(f.slice(0, -10))));
    expect(orphans, 'cards/samples/ files must be named <card>.data.json after a card in cards/').toEqual([]);
  });
});
