/**
 * Where the job's jar comes from (`job.jarURI`).
 */
export class JobJar {
  /**
   * A jar inside the Flink image, e.g. `/opt/flink/usrlib/orders.jar` -> `local:///opt/flink/usrlib/orders.jar`.
   * Works for application clusters only (session jobs are submitted through the operator, which
   * downloads the jar: use `fromUrl`).
   * @param path absolute path inside the image
   */
  public static fromImage(path: string): JobJar {
    if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path)) {
      throw new Error(`[JobJar.fromImage] 'path' (${path}) must be an absolute path inside the image. Fix: start it with '/', e.g. '/opt/flink/usrlib/job.jar'.`);
    }
    return new JobJar(`local://${path}`, true);
  }

  /**
   * A jar the operator (session jobs) or Flink downloads, e.g. `https://repo.example.com/job.jar`.
   * @param url an absolute URL with a scheme
   */
  public static fromUrl(url: string): JobJar {
    if (typeof url !== 'string' || !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/\S+$/.test(url)) {
      throw new Error(`[JobJar.fromUrl] 'url' (${url}) must be an absolute URL with a scheme. Fix: use e.g. 'https://repo.example.com/job.jar'.`);
    }
    return new JobJar(url, url.startsWith('local:'));
  }

  private constructor(
    /** The value of `job.jarURI`. */
    public readonly uri: string,
    /** Whether the jar lives inside the image (`local://`). */
    public readonly isLocal: boolean,
  ) {}
}
