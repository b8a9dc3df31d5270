import { entityTagsOf, noneMatchHolds } from './entity-tags';

describe('entityTagsOf', () => {
  it('reads weak, strong and * tags, commas inside a tag included', () => {
    expect(entityTagsOf('W/"a", "b,c" ,*')).toEqual(['W/"a"', '"b,c"', '*']);
    expect(entityTagsOf(undefined)).toEqual([]);
    expect(entityTagsOf('garbage')).toEqual([]);
  });
});

describe('noneMatchHolds', () => {
  it('compares weakly: W/"x" and "x" are the same tag; * matches anything', () => {
    expect(noneMatchHolds(['"x"'], 'W/"x"')).toBe(false);
    expect(noneMatchHolds(['W/"y"', 'W/"x"'], 'W/"x"')).toBe(false);
    expect(noneMatchHolds(['*'], 'W/"x"')).toBe(false);
    expect(noneMatchHolds(['W/"y"'], 'W/"x"')).toBe(true);
    expect(noneMatchHolds([], 'W/"x"')).toBe(true);
  });
});
