export * from './operator-image';
export * from './operator-security';
export * from './operator-webhook';
export * from './logging';
export * from './flink-operator';
export * from './operator-rest-tls';
