import { upcast, type UpcasterRegistry } from './upcasting';

// A sample schema change: CheckInRecorded v1 had a free-text `channel`; v2 names it `method` from a
// fixed list; v3 adds `verifiedBy`, unknown for old records.
const upcasters: UpcasterRegistry = {
  CheckInRecorded: {
    1: (data) => {
      const { channel, ...rest } = data as { channel: string };
      return { ...rest, method: channel === 'phone call' ? 'PHONE' : 'IN_PERSON' };
    },
    2: (data) => ({ ...(data as object), verifiedBy: null }),
  },
};

describe('upcast', () => {
  it('reads a v1 event as the current version, one step at a time', () => {
    const stored = {
      type: 'CheckInRecorded',
      version: 1,
      data: { checkedInAt: '2026-11-20T09:00:00Z', channel: 'phone call' },
    };
    expect(upcast(stored, upcasters)).toEqual({
      type: 'CheckInRecorded',
      version: 3,
      data: { checkedInAt: '2026-11-20T09:00:00Z', method: 'PHONE', verifiedBy: null },
    });
  });

  it('starts from the version the event was written in', () => {
    const stored = { type: 'CheckInRecorded', version: 2, data: { method: 'APP' } };
    expect(upcast(stored, upcasters)).toEqual({
      type: 'CheckInRecorded',
      version: 3,
      data: { method: 'APP', verifiedBy: null },
    });
  });

  it('leaves current events and other types untouched', () => {
    const current = { type: 'CheckInRecorded', version: 3, data: { method: 'APP', verifiedBy: 'x' } };
    const other = { type: 'CaseOpened', version: 1, data: { caseId: 'c' } };
    expect(upcast(current, upcasters)).toBe(current);
    expect(upcast(other, upcasters)).toBe(other);
  });

  it('never changes the stored event it reads', () => {
    const data = { channel: 'office' };
    upcast({ type: 'CheckInRecorded', version: 1, data }, upcasters);
    expect(data).toEqual({ channel: 'office' });
  });
});
