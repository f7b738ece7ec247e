/**
 * The web pages as a CDK asset, built at synth time by web/build.ts — with CDK's own asset bundling, the way
 * NodejsFunction bundles the Lambda code:
 * - CDK hands the build a fresh, empty directory inside the cloud assembly and moves the result to `asset.<hash>`,
 *   so the build never touches dist/web (`npm run build`) or the pages of `npm start`, parallel synths (the infra tests run in
 *   several workers) never share a directory, and nothing is left in the system's temporary directory;
 * - the hash is the build's output, so a change anywhere the pages import from (web/, core/, the profile) is
 *   deployed, and an unchanged build is not;
 * - a stack that is not bundled in this synth (CDK context `aws:cdk:bundling-stacks`, e.g. `cdk deploy
 *   --exclusively` of another stack, and the infra tests by default) skips the build like every Lambda bundle.
 *
 * The build runs as a child process (`node --import tsx web/build.ts <dir>`) because CDK's local bundling is
 * synchronous, while buildWeb() is async (esbuild's build API); it takes well under a second. It always succeeds or
 * throws, so the Docker image CDK requires as the fallback is never used.
 *
 * Source maps stay out of the deployment: the site serves what browsers run (and the sources are not published
 * next to it); `npm start` keeps them in its data dir.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import type { Construct } from 'constructs';
import { DISTRICT_PROFILE_VARIABLE } from '../core/profile/bundled-profile.ts';
import { districtProfileJson } from './config.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Builds the pages into CDK's bundling directory. */
function webPagesBundling(profileJson: string | undefined): ILocalBundling {
  return {
    tryBundle(outputDir: string): boolean {
      // stdout stays quiet (synth output); esbuild's warnings and errors reach the terminal. The deployment's own
      // profile, if any, reaches web/build.ts the way it reaches the functions (core/profile/bundled-profile.ts).
      const env = profileJson === undefined ? process.env : { ...process.env, [DISTRICT_PROFILE_VARIABLE]: profileJson };
      execFileSync(process.execPath, ['--import', 'tsx', 'web/build.ts', outputDir], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
      // Pages' scripts and the chunks they share (subdirectories).
      for (const file of readdirSync(outputDir, { recursive: true, encoding: 'utf8' })) {
        const path = join(outputDir, file);
        if (file.endsWith('.map')) rmSync(path);
        // The comment ends the file; a chunk with no code of its own (shared constants only) is nothing else.
        else if (file.endsWith('.js')) writeFileSync(path, readFileSync(path, 'utf8').replace(/(^|\n)\/\/# sourceMappingURL=\S+\s*$/, '$1'));
      }
      return true;
    },
  };
}

/** The built pages (HTML, scripts, styles, profile.json) as an asset of `scope`'s stack. */
export function webPagesAsset(scope: Construct, id: string): Asset {
  return new Asset(scope, id, {
    path: join(PROJECT_ROOT, 'web'),
    assetHashType: AssetHashType.OUTPUT,
    bundling: { local: webPagesBundling(districtProfileJson(scope)), image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22') },
  });
}
