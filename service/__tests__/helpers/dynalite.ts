// The tests start dynalite exactly as `npm run dev` and the benchmark do.
export { startDynalite, type RunningDynalite } from '../../src/local/dynalite';
