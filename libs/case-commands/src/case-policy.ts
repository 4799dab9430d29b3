import type { AppConfig } from '@casetrail/config';
import type { CasePolicy } from '@casetrail/domain';

/**
 * The policy decisions and views are made under. Read here and only here, so that it can come from
 * the current published policy instead of the environment without touching its readers.
 */
export function casePolicyOf(config: AppConfig): CasePolicy {
  return {
    riskClassificationWindowMs: config.RCA_WINDOW_MS,
    targetCaseloadPerOfficer: {
      DETAINED: config.TARGET_CASELOAD_DETAINED,
      NON_DETAINED: config.TARGET_CASELOAD_NON_DETAINED,
    },
  };
}
