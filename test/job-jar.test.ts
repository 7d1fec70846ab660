import { JobJar } from '../lib';

describe('JobJar', () => {
  test('fromImage makes a local:// URI', () => {
    const jar = JobJar.fromImage('/opt/flink/usrlib/orders.jar');
    expect(jar.uri).toBe('local:///opt/flink/usrlib/orders.jar');
    expect(jar.isLocal).toBe(true);
  });

  test.each(['opt/flink/usrlib/orders.jar', './orders.jar', '', '/opt/my jar.jar'])('fromImage(%p) throws', (path) => {
    expect(() => JobJar.fromImage(path)).toThrow(
      `[JobJar.fromImage] 'path' (${path}) must be an absolute path inside the image. Fix: start it with '/', e.g. '/opt/flink/usrlib/job.jar'.`);
  });

  test('fromUrl keeps the URL', () => {
    const jar = JobJar.fromUrl('https://repo.example.com/job.jar');
    expect(jar.uri).toBe('https://repo.example.com/job.jar');
    expect(jar.isLocal).toBe(false);
  });

  test.each(['repo.example.com/job.jar', '/opt/job.jar', 'https://'])('fromUrl(%p) throws', (url) => {
    expect(() => JobJar.fromUrl(url)).toThrow(
      `[JobJar.fromUrl] 'url' (${url}) must be an absolute URL with a scheme. Fix: use e.g. 'https://repo.example.com/job.jar'.`);
  });
});
