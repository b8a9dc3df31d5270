import { toOutgoingMessage } from './outbox-message';

describe('toOutgoingMessage', () => {
  const row = {
    id: '0190f5a2-0000-7000-8000-000000000001',
    type: 'event.cancelled',
    version: 1,
    aggregate_id: '0190f5a2-0000-7000-8000-0000000000aa',
    payload: { event_id: '0190f5a2-0000-7000-8000-0000000000aa', reason: 'rain', cancelled_at: '2030-01-01T00:00:00.000Z' },
    headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    created_at: new Date('2030-01-02T03:04:05.678Z'),
  };

  it('wraps the payload in the envelope consumers read', () => {
    expect(JSON.parse(toOutgoingMessage(row).body.toString('utf8'))).toEqual({
      id: row.id,
      type: 'event.cancelled',
      version: 1,
      occurred_at: '2030-01-02T03:04:05.678Z',
      aggregate_id: row.aggregate_id,
      data: row.payload,
    });
  });

  it('routes by type and sets the properties the relay promises', () => {
    const message = toOutgoingMessage(row);
    expect(message.routingKey).toBe('event.cancelled');
    expect(message.options).toEqual({
      persistent: true,
      contentType: 'application/json',
      messageId: row.id,
      type: 'event.cancelled',
      timestamp: Math.floor(row.created_at.getTime() / 1000),
      headers: row.headers,
    });
  });
});
