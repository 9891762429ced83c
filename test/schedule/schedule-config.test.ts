import { describe, expect, it } from 'vitest';
import { parseNightlyTime } from '../../pipeline/schedule/schedule-config.ts';

describe('parseNightlyTime', () => {
  it('defaults to 03:30', () => {
    expect(parseNightlyTime(undefined)).toEqual({ hour: 3, minute: 30 });
  });

  it('accepts times either side of the DST window', () => {
    expect(parseNightlyTime('00:59')).toEqual({ hour: 0, minute: 59 });
    expect(parseNightlyTime('03:00')).toEqual({ hour: 3, minute: 0 });
    expect(parseNightlyTime('23:15')).toEqual({ hour: 23, minute: 15 });
  });

  it('rejects 01:30 with a message that says why and what to do', () => {
    expect(() => parseNightlyTime('01:30')).toThrow(
      'nightly ingest time 01:30 is refused: Europe/London times from 01:00 to 02:59 sit at the daylight-saving change',
    );
    expect(() => parseNightlyTime('01:30')).toThrow('Choose a time outside 01:00-02:59, e.g. 03:30.');
  });

  it('rejects the whole 01:00-02:59 window, edges included', () => {
    for (const t of ['01:00', '01:59', '02:00', '02:59'])
      expect(() => parseNightlyTime(t), t).toThrow(`nightly ingest time ${t} is refused`);
  });

  it('rejects malformed times', () => {
    for (const t of ['3:30', '24:00', '03:60', '0330', '']) expect(() => parseNightlyTime(t), t).toThrow('must be HH:MM');
  });
});
