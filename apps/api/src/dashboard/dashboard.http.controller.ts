import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { PublicRoute } from '@casetrail/auth';
import { DASHBOARD_ASSETS, DASHBOARD_PAGE } from './dashboard-assets';

/**
 * The supervisors' live dashboard: a static page and its scripts. They hold no data, so they are
 * public; everything the page shows it fetches with the bearer token the user signs in with.
 */
@ApiExcludeController()
@PublicRoute()
@Controller('dashboard')
export class DashboardController {
  @Get()
  page(@Res() response: Response): void {
    sendStatic(response, DASHBOARD_PAGE);
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    const path = Object.hasOwn(DASHBOARD_ASSETS, file) ? DASHBOARD_ASSETS[file] : undefined;
    if (!path) throw new NotFoundException(`No dashboard asset ${file}.`);
    sendStatic(response, path);
  }
}

function sendStatic(response: Response, path: string): void {
  // Revalidated on every load (sendFile answers 304 by ETag), so a deployment is picked up at once.
  response.setHeader('Cache-Control', 'no-cache');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.sendFile(path);
}
