// The pack's bundled fonts as a stylesheet (see pipeline/render/fonts.ts): no font of the machine's.
import { fontFaceCss } from '../../pipeline/render/fonts.ts';

process.stdout.write(fontFaceCss());
