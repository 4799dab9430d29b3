import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/**
 * The HTTP baseline: a NestJS (Express) app whose one route parses the JSON body and answers 201
 * with a small JSON body, doing nothing else. Same framework and adapter as apps/api, no
 * validation, no authentication, no database.
 */
@Controller('noop')
class NoopController {
  @Post()
  @HttpCode(201)
  accept(@Body() body: unknown): { accepted: boolean } {
    return { accepted: body !== undefined };
  }
}

@Module({ controllers: [NoopController] })
class NoopModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(NoopModule, { logger: ['error'] });
  const port = Number(process.env.PORT ?? 3900);
  await app.listen(port, '127.0.0.1');
  process.stdout.write(`listening on port ${port}\n`);
}

void bootstrap();
