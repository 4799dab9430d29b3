export { freePort } from '@casetrail/testing';
