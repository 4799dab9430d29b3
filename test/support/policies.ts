import { DEFAULT_CASE_POLICY, type PolicyDocument, type PolicyVersion } from '@casetrail/domain';
import { bearerHeaders, postJson } from '@casetrail/testing';

const RATIONALE =
  'End-to-end test: windows shortened to seconds so that deadlines fall due while the test watches them.';

/**
 * Publishes a policy through the api as a policy administrator: the defaults with `changes`,
 * effective from `effectiveFrom` (now by default). The way tests shorten windows; the environment
 * only seeds version 1.
 */
export async function publishPolicy(
  baseUrl: string,
  changes: Partial<PolicyDocument>,
  effectiveFrom = new Date().toISOString(),
): Promise<PolicyVersion> {
  const { version: _version, ...defaults } = DEFAULT_CASE_POLICY;
  const response = await postJson<PolicyVersion>(
    `${baseUrl}/policies`,
    { effectiveFrom, rationale: RATIONALE, policy: { ...defaults, ...changes } },
    await bearerHeaders({ sub: 'policy-admin-1', role: 'POLICY_ADMIN', offices: [] }),
  );
  if (response.status !== 201)
    throw new Error(`POST /policies: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
