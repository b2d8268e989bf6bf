import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { templateIds } from '../messages/templates';

/**
 * The template ids the app passes to requestSubscribeMessage (they are not secret: any copy of the
 * mini-program carries them). Read at run time, so a template changed in the WeChat console needs
 * a configuration change, not a new app release.
 */
export const handler = defineHandler(contract.getSubscribeTemplates, async () => ({ templates: templateIds() }));
