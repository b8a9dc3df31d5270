export * from './limits';
export * from './text';
export * from './currencies';
