import { median, pairedRatio } from '../measure';

describe('median', () => {
  it('is the middle value of an odd count, in any order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it('is the mean of the two middle values of an even count, so neither side of a pair is favoured', () => {
    expect(median([0.9, 0.7, 0.8, 1.0])).toBeCloseTo(0.85, 10);
  });
});

describe('pairedRatio', () => {
  it('divides round by round before taking the median, so a slow round weighs on both sides alike', () => {
    const base = { label: 'base', samplesMs: [100, 200, 100], medianMs: 100 };
    const timing = { label: 'app', samplesMs: [250, 500, 240], medianMs: 250 };
    expect(pairedRatio(timing, base)).toBe(2.5);
  });
});
