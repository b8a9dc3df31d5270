export * from './test-database';
export * from './test-broker';
export * from './service-test-database';
export * from './free-port';
export * from './test-broker-users';
export * from './failure';
export * from './private-postgres';
export * from './private-rabbitmq';
