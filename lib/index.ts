export {};
export { FlinkLintPlugin } from './plugin';
