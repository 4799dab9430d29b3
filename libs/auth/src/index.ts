export * from './caller';
export * from './access-token';
export * from './auth-settings';
export * from './route-access';
