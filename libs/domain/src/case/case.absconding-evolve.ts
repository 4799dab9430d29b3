import { absconderReferralId } from './case.absconding-decide';
import type { AbscondingEvent } from './case.absconding-events';
import type { AbscondingSuspicionState, FugitiveState, OpenedCaseState } from './case.state';

export function evolveAbsconding(state: OpenedCaseState, event: AbscondingEvent): OpenedCaseState {
  switch (event.type) {
    case 'AbscondingSuspected': {
      if (!state.supervision) return state;
      const { alertId, basis, consecutiveMisses, lastContactAt, suspectedAt } = event.data;
      const suspicion: AbscondingSuspicionState = {
        alertId,
        basis,
        consecutiveMisses,
        lastContactAt,
        suspectedAt,
      };
      return { ...state, supervision: { ...state.supervision, abscondingSuspicion: suspicion } };
    }
    case 'AbscondingDetermined': {
      if (!state.supervision) return state;
      if (event.data.decision === 'NOT_ABSCONDED') {
        const { abscondingSuspicion: _closed, ...supervision } = state.supervision;
        return { ...state, supervision };
      }
      // Declared an absconder: supervision (its deadline and open alerts) ends until an arrest.
      const { supervision: _ended, ...rest } = state;
      const { alertId, referralId, determinedBy, determinedAt } = event.data;
      const fugitive: FugitiveState = {
        alertId,
        referralId: referralId ?? absconderReferralId(alertId),
        declaredBy: determinedBy,
        declaredAt: determinedAt,
      };
      return { ...rest, docket: 'FUGITIVE', fugitive };
    }
  }
}
