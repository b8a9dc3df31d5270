import { seatLayout } from './seat-layout';

describe('seatLayout', () => {
  it.each([
    [50, { rows: 5, seats_per_row: 10 }],
    [200, { rows: 20, seats_per_row: 10 }],
    [35, { rows: 5, seats_per_row: 7 }],
    [45, { rows: 5, seats_per_row: 9 }],
    [18, { rows: 2, seats_per_row: 9 }],
    [12, { rows: 2, seats_per_row: 6 }],
    [15, { rows: 3, seats_per_row: 5 }],
    [25, { rows: 5, seats_per_row: 5 }],
    [8, { rows: 1, seats_per_row: 8 }],
    [3, { rows: 1, seats_per_row: 3 }],
    [1, { rows: 1, seats_per_row: 1 }],
    [13, { capacity: 13 }],
    [22, { capacity: 22 }],
    [97, { capacity: 97 }],
  ])('lays out %i seats as %o', (seats, layout) => {
    expect(seatLayout(seats)).toEqual(layout);
  });

  it('always holds exactly the seat count, in rows of at most 10', () => {
    for (let seats = 1; seats <= 500; seats += 1) {
      const layout = seatLayout(seats);
      if ('capacity' in layout) expect(layout.capacity).toBe(seats);
      else {
        expect(layout.rows * layout.seats_per_row).toBe(seats);
        expect(layout.seats_per_row).toBeLessThanOrEqual(10);
      }
    }
  });

  it.each([0, -1, 2.5])('refuses %p seats', (seats) => {
    expect(() => seatLayout(seats)).toThrow();
  });
});
