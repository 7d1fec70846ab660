import { propError } from '../private/util';

const APACHE_REPOSITORY = 'ghcr.io/apache/flink-kubernetes-operator';
const CONFLUENT_REPOSITORY = 'confluentinc/cp-flink-kubernetes-operator';
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** Options of `OperatorImage.of`. */
export interface OperatorImageOptions {
  /**
   * The image tag, e.g. `1.15.0`. One of `tag` and `digest` is required.
   * @default - none
   */
  readonly tag?: string;
  /**
   * The image digest, e.g. `sha256:...`; when set, the tag is not used (as in the Helm chart).
   * @default - none
   */
  readonly digest?: string;
  /**
   * The image pull policy.
   * @default 'IfNotPresent'
   */
  readonly pullPolicy?: string;
}

/**
 * The image the operator (and its webhook) runs: Apache's, Confluent's build, or any other, always
 * pinned by a tag or a digest.
 */
export class OperatorImage {
  /** Apache's image `ghcr.io/apache/flink-kubernetes-operator`, by default the 1.15.0 release. */
  public static apache(tag: string = '1.15.0'): OperatorImage {
    return OperatorImage.of(APACHE_REPOSITORY, { tag });
  }

  /** Confluent's build `confluentinc/cp-flink-kubernetes-operator` with the given tag. */
  public static confluent(tag: string): OperatorImage {
    return OperatorImage.of(CONFLUENT_REPOSITORY, { tag });
  }

  /** Any operator image: `repository` plus a tag or a digest. */
  public static of(repository: string, options: OperatorImageOptions): OperatorImage {
    const where = 'OperatorImage';
    if (typeof repository !== 'string' || !REPOSITORY.test(repository)) {
      throw propError(where, 'repository', repository, 'is not an image repository', "use a repository without tag, e.g. 'ghcr.io/apache/flink-kubernetes-operator', and pass the tag in 'tag'");
    }
    const { tag, digest, pullPolicy = 'IfNotPresent' } = options ?? {};
    if (tag === undefined && digest === undefined) {
      throw propError(where, 'tag', tag, `is missing for image ${repository}: an image without a tag or digest follows 'latest' and changes under the cluster`, "pin it with 'tag' (e.g. '1.15.0') or 'digest' (sha256:...)");
    }
    if (tag !== undefined && (typeof tag !== 'string' || !TAG.test(tag))) {
      throw propError(where, 'tag', tag, 'is not an image tag', "use letters, digits, '_', '.' and '-' (at most 128), e.g. '1.15.0'");
    }
    if (digest !== undefined && (typeof digest !== 'string' || !DIGEST.test(digest))) {
      throw propError(where, 'digest', digest, 'is not an image digest', "use 'sha256:' followed by the hex digest");
    }
    if (!['Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) {
      throw propError(where, 'pullPolicy', pullPolicy, 'is not an image pull policy', "use 'Always', 'IfNotPresent' or 'Never'");
    }
    return new OperatorImage(repository, tag, digest, pullPolicy);
  }

  private constructor(
    /** The repository, e.g. `ghcr.io/apache/flink-kubernetes-operator`. */
    public readonly repository: string,
    /** The tag, if pinned by tag. */
    public readonly tag: string | undefined,
    /** The digest, if pinned by digest (it wins over the tag). */
    public readonly digest: string | undefined,
    /** The image pull policy. */
    public readonly pullPolicy: string,
  ) {}

  /** The image reference: `repository@digest` or `repository:tag`. */
  public get image(): string {
    return this.digest ? `${this.repository}@${this.digest}` : `${this.repository}:${this.tag}`;
  }
}
