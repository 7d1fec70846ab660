import { IConstruct } from 'constructs';
import type { IngressOptions } from '../cluster';
import { propError } from './util';

/**
 * Checks an ingress as the operator will read it: a template it can turn into a URL (R8, R9).
 */
export function checkIngress(scope: IConstruct, ingress: IngressOptions): void {
  const t = ingress.template;
  if (typeof t !== 'string' || t.trim() === '') {
    throw propError(scope, 'ingress.template', t, 'must be defined', "set 'ingress.template', e.g. 'flink.example.com/{{namespace}}/{{name}}(/|$)(.*)'");
  }
  let url = t.replace(/\{\{name\}\}/gi, 'name').replace(/\{\{namespace\}\}/gi, 'namespace');
  if (!/^https?:\/\//i.test(url)) url = `http://${url}`;
  try {
    new URL(url);
  } catch {
    throw propError(scope, 'ingress.template', t, 'is not a URL template the operator can parse', "use 'host/path' with optional {{name}} and {{namespace}}, e.g. 'flink.example.com/{{name}}'");
  }
}
