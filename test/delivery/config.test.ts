// delivery.json: what it accepts, and every refusal at file:line:column with the field.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDeliveryConfig, recipientsFor } from '../../pipeline/delivery/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'psm-delivery-config-'));
const file = join(dir, 'delivery.json');
const good = {
  smtp: { host: 'smtp.opcc.example', port: 587, security: 'starttls', user: 'psm', passwordEnv: 'PSM_SMTP_PASSWORD' },
  from: { name: 'OPCC performance team', email: 'performance@opcc.example' },
  baseUrl: 'https://psm.opcc.example/',
  lists: {
    panel: [
      { name: 'Priya Shah', email: 'priya.shah@panel.example' },
      { name: 'Tom Reid', email: 'tom.reid@panel.example' },
    ],
    officers: [
      { name: 'Tom Reid', email: 'TOM.REID@panel.example' },
      { name: 'Ann Cole', email: 'ann.cole@force.example' },
    ],
  },
  defaultLists: ['panel'],
};
const write = (value: unknown) => writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
const meeting = (recipients?: string[]) => ({ id: '2024-01-10-vawg', dir: '/w/reports/2024-01-10-vawg', recipients });

describe('readDeliveryConfig', () => {
  it('is null without a file, and reads a good one with its defaults', () => {
    expect(readDeliveryConfig(join(dir, 'none.json'))).toBeNull();
    write(good);
    expect(readDeliveryConfig(file)).toMatchObject({ linkDays: 14, attach: 'official', defaultLists: ['panel'] });
  });

  it('refuses a password in the file, naming the line and field', () => {
    write({ ...good, smtp: { ...good.smtp, password: 'hunter2' } });
    expect(() => readDeliveryConfig(file)).toThrow(new RegExp(`${file}:8:17: smtp.password: never put the password in this file`));
  });

  it('refuses clear-text SMTP and plain-http links off loopback, a lone user, and an unknown default list', () => {
    write({
      ...good,
      smtp: { host: 'smtp.opcc.example', port: 25, security: 'none', user: 'psm' },
      baseUrl: 'http://psm.opcc.example/',
      defaultLists: ['panel', 'pannel'],
    });
    const message = (() => {
      try {
        readDeliveryConfig(file);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toMatch(/:5:17: smtp\.security: "none" sends the links in clear text/);
    expect(message).toMatch(/smtp\.passwordEnv: "user" and "passwordEnv" go together/);
    expect(message).toMatch(/:12:14: baseUrl: links carry their token: use https/);
    expect(message).toMatch(/defaultLists\.1: no list "pannel" in "lists"/);
    write({ ...good, smtp: { host: '127.0.0.1', port: 2525, security: 'none' }, baseUrl: 'http://127.0.0.1:3000/' });
    expect(readDeliveryConfig(file)?.smtp.security).toBe('none'); // loopback: the test's own server
  });

  it('reports bad JSON at its line and column', () => {
    write('{\n  "smtp": {\n    "host": "x",\n  }\n}');
    expect(() => readDeliveryConfig(file)).toThrow(new RegExp(`${file}:3:16: not valid JSON`));
  });
});

describe('recipientsFor', () => {
  it("takes the default lists, or the meeting's, one message per address; --to by name or address", () => {
    write(good);
    const c = readDeliveryConfig(file)!;
    expect(recipientsFor(c, meeting()).map((r) => r.name)).toEqual(['Priya Shah', 'Tom Reid']);
    expect(recipientsFor(c, meeting(['panel', 'officers'])).map((r) => r.name)).toEqual(['Priya Shah', 'Tom Reid', 'Ann Cole']);
    expect(recipientsFor(c, meeting(['officers']), 'ann cole')).toEqual([{ name: 'Ann Cole', email: 'ann.cole@force.example' }]);
    expect(recipientsFor(c, meeting(), 'PRIYA.SHAH@panel.example').map((r) => r.name)).toEqual(['Priya Shah']);
    expect(() => recipientsFor(c, meeting(), 'Ann Cole')).toThrow(
      /no recipient "Ann Cole" for meeting 2024-01-10-vawg: its recipients are Priya Shah, Tom Reid/,
    );
    expect(() => recipientsFor(c, meeting(['board']))).toThrow(
      /2024-01-10-vawg\/meeting.json: recipients: no list "board" in delivery.json/,
    );
  });
});
