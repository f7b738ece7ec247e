/**
 * Imported for its side effect: zod's built-in messages become German. Profiles and forms are read and fixed by
 * German district staff, so every validation message they see has to be German. z.config is global and
 * idempotent, so importing this module from several places is harmless.
 */
import { z } from 'zod';

z.config(z.locales.de());
