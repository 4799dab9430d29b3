import { types } from 'pg';

type TextParser = (value: string) => unknown;

/** int8, json, jsonb: the types Emmett's SQL layer parses its own way. */
const PARSED_BY_EMMETT = [20, 114, 3802] as const;

let emmettParsers: TextParser[] | undefined;

const current = (): TextParser[] =>
  PARSED_BY_EMMETT.map((oid) => types.getTypeParser(oid, 'text') as TextParser);

const install = (parsers: readonly TextParser[]) =>
  PARSED_BY_EMMETT.forEach((oid, index) => types.setTypeParser(oid, parsers[index]));

/**
 * Runs an Emmett baseline with Emmett's pg type parsers, and gives pg its own back afterwards.
 * Emmett's SQL layer (dumbo) sets pg's process-wide parsers the first time it connects — int8 as
 * BigInt, JSON through its own reviver — so without this every Casetrail and raw contender measured
 * later in the bench process would parse with them: a third of a rebuild's CPU went to that reviver.
 */
export async function withEmmettTypeParsers<T>(run: () => Promise<T>): Promise<T> {
  const own = current();
  if (emmettParsers) install(emmettParsers);
  try {
    return await run();
  } finally {
    const after = current();
    if (!emmettParsers && after.some((parser, index) => parser !== own[index])) emmettParsers = after;
    install(own);
  }
}
