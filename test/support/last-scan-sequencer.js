// Runs the end-to-end suite's personal-data scan after every other test file, so it reads what
// the whole run wrote; every other file keeps Jest's own order.
const Sequencer = require('@jest/test-sequencer').default;

const LAST = 'personal-data-scan.e2e.spec.ts';

class LastScanSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const ordered = Array.isArray(sorted) ? sorted : [];
    return [
      ...ordered.filter((test) => !test.path.endsWith(LAST)),
      ...ordered.filter((test) => test.path.endsWith(LAST)),
    ];
  }
}

module.exports = LastScanSequencer;
