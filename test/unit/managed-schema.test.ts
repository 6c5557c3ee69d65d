import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SETTINGS, SETTING_KEYS, parseSetting, type SettingKey } from '../../src/shared/settings.ts';
import { managedSchema, managedSchemaText } from '../../src/shared/settings-schema.ts';

interface SchemaNode {
  type: string;
  title?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  [key: string]: unknown;
}

const checkedInText = readFileSync(resolve(import.meta.dirname, '../../public/managed_schema.json'), 'utf8');
/** What the build ships (vite.config.ts writes this text into dist/<browser>/). */
const schema = managedSchema() as SchemaNode;

/**
 * The subset of JSON schema Chrome's policy code accepts (components/policy/core/common/schema.cc):
 * an unknown attribute, or minimum/maximum on anything but an integer, stops the extension from loading.
 */
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  object: ['type', 'title', 'description', 'properties', 'additionalProperties', 'patternProperties', 'required', 'id', '$ref'],
  array: ['type', 'title', 'description', 'items', 'id', '$ref'],
  string: ['type', 'title', 'description', 'enum', 'pattern', 'sensitiveValue', 'id', '$ref'],
  integer: ['type', 'title', 'description', 'enum', 'minimum', 'maximum', 'sensitiveValue', 'id', '$ref'],
  number: ['type', 'title', 'description', 'id', '$ref'],
  boolean: ['type', 'title', 'description', 'id', '$ref'],
};

function checkChromeSubset(node: SchemaNode, path: string): string[] {
  const problems: string[] = [];
  const allowed = ALLOWED_ATTRIBUTES[node.type];
  if (!allowed) return [`${path}: unknown type ${node.type}`];
  for (const attr of Object.keys(node)) if (!allowed.includes(attr)) problems.push(`${path}: "${attr}" not allowed on ${node.type}`);
  for (const [k, child] of Object.entries(node.properties ?? {})) problems.push(...checkChromeSubset(child, `${path}.${k}`));
  if (node.items) problems.push(...checkChromeSubset(node.items, `${path}[]`));
  return problems;
}

function typeOfValue(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer|number' : 'number';
  return typeof value;
}

/** A small validator for the parts of the schema we use, to show defaults and schema agree. */
function validates(node: SchemaNode, value: unknown): boolean {
  switch (node.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string' && (!node.enum || node.enum.includes(value));
    case 'integer':
      return (
        Number.isInteger(value) &&
        (node.minimum === undefined || (value as number) >= node.minimum) &&
        (node.maximum === undefined || (value as number) <= node.maximum)
      );
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value) && value.every((v) => validates(node.items!, v));
    case 'object':
      return (
        typeof value === 'object' &&
        value !== null &&
        Object.entries(value).every(([k, v]) => node.properties?.[k] !== undefined && validates(node.properties[k]!, v))
      );
    default:
      return false;
  }
}

describe('managed_schema.json', () => {
  it('public/managed_schema.json is the one generated from src/shared/settings-spec.ts (npm run schema)', () => {
    expect(checkedInText).toBe(managedSchemaText());
  });

  it('is an object schema in the subset Chrome accepts', () => {
    expect(schema.type).toBe('object');
    expect(checkChromeSubset(schema, 'schema')).toEqual([]);
  });

  it('has exactly the settings keys', () => {
    expect(Object.keys(schema.properties!).sort()).toEqual([...SETTING_KEYS].sort());
  });

  it.each(SETTING_KEYS)('%s: title, description, and the type of its default', (key: SettingKey) => {
    const node = schema.properties![key]!;
    expect(node.title?.length, 'title').toBeGreaterThan(3);
    expect(node.description?.length, 'description').toBeGreaterThan(10);
    const valueType = typeOfValue(DEFAULT_SETTINGS[key]);
    expect(valueType.split('|')).toContain(node.type);
    expect(validates(node, DEFAULT_SETTINGS[key])).toBe(true);
  });

  it('the schema enum and the parser agree on the password modes', () => {
    const node = schema.properties!.passwordMode!;
    for (const mode of node.enum!) expect(parseSetting('passwordMode', mode).ok).toBe(true);
    expect(parseSetting('passwordMode', 'other').ok).toBe(false);
  });

  it('integer bounds in the schema are the parser bounds', () => {
    for (const key of SETTING_KEYS) {
      const node = schema.properties![key];
      if (node?.type !== 'integer') continue;
      expect(parseSetting(key, node.minimum).ok, `${key} min`).toBe(true);
      expect(parseSetting(key, node.maximum).ok, `${key} max`).toBe(true);
      expect(parseSetting(key, node.minimum! - 1).ok, `${key} below`).toBe(false);
      expect(parseSetting(key, node.maximum! + 1).ok, `${key} above`).toBe(false);
    }
  });

  it('the CO2 override object lists the fields the parser accepts', () => {
    expect(Object.keys(schema.properties!.co2Override!.properties!).sort()).toEqual(Object.keys(DEFAULT_SETTINGS.co2Override).sort());
  });
});
