/** The SeSPHR HLPN, written once as data. */
export * from './build.ts';
export * from './config.ts';
export * from './expr/ast.ts';
export * from './expr/build.ts';
export * from './expr/evaluate.ts';
export * from './knowledge.ts';
export * from './net.ts';
export * from './semantics.ts';
export * from './transitions.ts';
export * from './vocabulary.ts';
