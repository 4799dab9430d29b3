// Integration and end-to-end tests talk to the real local services unless told otherwise.
process.env.KAFKA_BROKERS ??= '127.0.0.1:9092';
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/casetrail';
process.env.LOG_LEVEL ??= 'warn';
