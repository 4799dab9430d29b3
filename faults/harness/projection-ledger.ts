import type { Pool } from 'pg';

/**
 * Every committed advance of a case's projection, recorded by a trigger on the case summary in the
 * projector's own transaction: a row (case, from, to) says that events from+1..to were applied and
 * committed. An event covered by two rows was applied twice; one covered by none was not applied.
 * Installed by the fault suite on its private database only; the projector does not know about it.
 */
export async function installProjectionLedger(db: Pool): Promise<void> {
  await db.query(`
    CREATE TABLE public.fault_projection_ledger (
      case_id uuid NOT NULL,
      from_version integer NOT NULL,
      to_version integer NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
  await db.query(`
    CREATE FUNCTION public.fault_record_projection() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO public.fault_projection_ledger (case_id, from_version, to_version)
        VALUES (NEW.case_id, 0, NEW.stream_version);
      ELSIF NEW.stream_version <> OLD.stream_version THEN
        INSERT INTO public.fault_projection_ledger (case_id, from_version, to_version)
        VALUES (NEW.case_id, OLD.stream_version, NEW.stream_version);
      END IF;
      RETURN NULL;
    END $$`);
  await db.query(`
    CREATE TRIGGER fault_projection_ledger AFTER INSERT OR UPDATE ON read_models.case_summaries
    FOR EACH ROW EXECUTE FUNCTION public.fault_record_projection()`);
}

export interface ProjectionCoverage {
  /** Stored events no committed application covers. */
  notApplied: number;
  /**
   * Applications that took a case past its stored version (a message claiming a version the store
   * does not have): they cover nothing, so the real events they skipped count as not applied.
   */
  beyondStore: number;
  /** Applications beyond the first of the same event, plus any that moved a case backwards. */
  appliedTwice: number;
}

/**
 * Compares the ledger with the stored streams (case id → highest stored version). With `snapshot`
 * (the streams as they were earlier), counts only that snapshot's events as needed and does not
 * judge applications past it, which may be of events stored since.
 */
export async function projectionCoverage(
  db: Pool,
  streams: Map<string, number>,
  { snapshot = false } = {},
): Promise<ProjectionCoverage> {
  const { rows } = await db.query<{ case_id: string; from_version: number; to_version: number }>(
    'SELECT case_id, from_version, to_version FROM public.fault_projection_ledger',
  );
  const applications = new Map<string, Map<number, number>>();
  let appliedTwice = 0;
  let beyondStore = 0;
  for (const row of rows) {
    if (!snapshot && row.to_version > (streams.get(row.case_id) ?? 0)) {
      beyondStore += 1;
      continue;
    }
    if (row.to_version <= row.from_version) {
      appliedTwice += row.from_version - row.to_version;
      continue;
    }
    const counts = applications.get(row.case_id) ?? new Map<number, number>();
    for (let version = row.from_version + 1; version <= row.to_version; version += 1) {
      const seen = counts.get(version) ?? 0;
      if (seen > 0) appliedTwice += 1;
      counts.set(version, seen + 1);
    }
    applications.set(row.case_id, counts);
  }
  let notApplied = 0;
  for (const [caseId, version] of streams) {
    const counts = applications.get(caseId);
    for (let v = 1; v <= version; v += 1) if (!counts?.has(v)) notApplied += 1;
  }
  return { notApplied, appliedTwice, beyondStore };
}
