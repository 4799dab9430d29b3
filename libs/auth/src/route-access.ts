import { SetMetadata } from '@nestjs/common';
import type { Role } from '@casetrail/domain';

export const ALLOWED_ROLES = 'casetrail:allowed-roles';
export const PUBLIC_ROUTE = 'casetrail:public-route';

/** The roles that may call a route; a route without it is closed to everyone (fail closed). */
export const Allow = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** A route anyone may call without a token: health probes, metrics, and static pages that hold no data. */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);
