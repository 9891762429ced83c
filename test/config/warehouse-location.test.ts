// Where the warehouse lives (config.ts): the workspace's warehouse/ unless PSM_WAREHOUSE_LOCATION
// says otherwise; a relative path is the workspace's; a URL is refused by name, never taken for a
// folder called "md:" (test/warehouse/location.test.ts runs the CLI against a moved warehouse).
import { describe, expect, it } from 'vitest';
import { warehouseDirFor } from '../../pipeline/config.ts';

describe('warehouseDirFor', () => {
  it.each([
    [null, '/w/warehouse'],
    ['/mnt/shared/psm', '/mnt/shared/psm'],
    ['../shared-warehouse', '/shared-warehouse'],
    ['store/wh', '/w/store/wh'],
  ])('%s → %s', (location, want) => {
    expect(warehouseDirFor('/w', location)).toBe(want);
  });

  it.each(['md:psm', 's3://opcc/psm', 'ducklake:postgres:dbname=psm', 'https://example.org/psm'])('refuses %s', (url) => {
    expect(() => warehouseDirFor('/w', url)).toThrow(`PSM_WAREHOUSE_LOCATION=${url}: psm opens a warehouse in a folder on this machine`);
  });
});
