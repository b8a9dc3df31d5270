export * from './fixed-window-counter';
export * from './redis-counter';
export * from './memory-counter';
export * from './fallback-counter';
export * from './shared-counter';
export * from './fail-fast-redis';
export * from './rate-limited-error';
