/** Who a broker URL logs in as and where: what amqplib makes of `amqp://user:password@host:port/vhost`. */
export interface BrokerLogin {
  user: string;
  password: string;
  vhost: string;
}

/** amqplib logs in as guest/guest when the URL names no user, and uses vhost `/` when it names none. */
export function brokerLoginOf(url: string): BrokerLogin {
  const parsed = new URL(url);
  const anonymous = parsed.username === '' && parsed.password === '';
  return {
    user: anonymous ? 'guest' : decodeURIComponent(parsed.username),
    password: anonymous ? 'guest' : decodeURIComponent(parsed.password),
    vhost: parsed.pathname.length > 1 ? decodeURIComponent(parsed.pathname.slice(1)) : '/',
  };
}
