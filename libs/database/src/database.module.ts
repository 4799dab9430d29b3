import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@casetrail/config';
import { dataSourceOptions } from './data-source';

/** One TypeORM DataSource per process; the schema is owned by migrations, never synchronize. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptions(config.DATABASE_URL),
    }),
  ],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}
