/**
 * Imported for its side effect: zod's built-in messages become German. Profiles and forms are read and fixed by
 * German district staff, so every validation message they see has to be German. z.config is global and
 * idempotent, so importing this module from several places is harmless.
 *
 * Bundle size: the German locale is imported by name (not `z.locales.de`, which keeps every locale), and zod is
 * imported as a namespace (`import * as z`), which esbuild trims to what is used; `import { z } from 'zod'`
 * anywhere in a bundle keeps all of zod with its 60 locales (about 440 KB, ~20–60 ms of every cold start).
 */
import * as z from 'zod';
import { de } from 'zod/locales';

z.config(de());
