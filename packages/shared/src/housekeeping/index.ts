export * from './housekeeping';
export * from './housekeeping-config';
export * from './prune-old-rows';
