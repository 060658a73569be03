package dev.bftpaxos.replica.transport;

import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.wire.ClientFrameDecoded;
import dev.bftpaxos.core.wire.WireCodec;
import dev.bftpaxos.core.wire.WireFormatException;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.Verifier;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * One connection's state: awaiting the peer's HELLO, awaiting its PROOF, then authenticated. Until
 * authenticated, any other frame closes the connection; after, a frame that does not decode, or a
 * replica message naming another sender, is refused and counted and the connection closed (a
 * correct peer never sends one, so the peer is faulty and nothing it sends next can be trusted
 * either). The replica behind it keeps serving every other connection.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger LOG = Logger.getLogger(ConnectionHandler.class.getName());

  private final NettyTransport transport;
  private final byte[] ownNonce;
  private Handshake.Hello peer;
  private boolean authenticated;

  ConnectionHandler(NettyTransport transport, byte[] ownNonce) {
    this.transport = transport;
    this.ownNonce = ownNonce;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(Frames.of(Frames.HELLO,
        Handshake.encodeHello(new Handshake.Hello(transport.selfRole(), transport.selfId(), ownNonce)))));
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    byte[] bytes = ByteBufUtil.getBytes(frame);
    if (bytes.length == 0) {
      refuse(ctx, TransportCounters.MALFORMED, "empty frame");
      return;
    }
    byte kind = bytes[0];
    byte[] body = Arrays.copyOfRange(bytes, 1, bytes.length);
    if (peer == null) {
      onHello(ctx, kind, body);
    } else if (!authenticated) {
      onProof(ctx, kind, body);
    } else if (kind == Frames.PEER) {
      onPeer(ctx, body);
    } else if (kind == Frames.CLIENT) {
      onClient(ctx, body);
    } else if (kind == Frames.STATUS_REQUEST && body.length == 0) {
      String line = transport.listener().onStatusRequest();
      if (line != null) {
        byte[] text = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (text.length <= Frames.STATUS_BYTES_MAX) {
          ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(Frames.of(Frames.STATUS, text)));
        }
      }
    } else if (kind == Frames.STATUS && peer.role() == Role.REPLICA && body.length <= Frames.STATUS_BYTES_MAX) {
      transport.listener().onStatus(peer.id(), new String(body, java.nio.charset.StandardCharsets.UTF_8));
    } else {
      refuse(ctx, TransportCounters.MALFORMED, "unknown frame kind " + kind);
    }
  }

  private void onHello(ChannelHandlerContext ctx, byte kind, byte[] body) {
    Handshake.Hello h = kind == Frames.HELLO ? Handshake.decodeHello(body) : null;
    if (h == null) {
      refuse(ctx, TransportCounters.UNAUTHENTICATED, "expected HELLO, got frame kind " + kind);
      return;
    }
    Verifier ring = transport.ring(h.role());
    if (ring == null || !ring.isMember(h.id())) {
      refuse(ctx, TransportCounters.UNKNOWN_MEMBER, "HELLO from unknown " + h.role().fileName() + " " + h.id());
      return;
    }
    peer = h;
    byte[] proof = transport.sign(Handshake.statement(transport.selfRole(), transport.selfId(), h.nonce(), ownNonce));
    ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(Frames.of(Frames.PROOF, proof)));
  }

  private void onProof(ChannelHandlerContext ctx, byte kind, byte[] body) {
    if (kind != Frames.PROOF || body.length == 0 || body.length > WireCodec.SIGNATURE_BYTES_MAX) {
      refuse(ctx, TransportCounters.UNAUTHENTICATED, "expected PROOF, got frame kind " + kind);
      return;
    }
    byte[] statement = Handshake.statement(peer.role(), peer.id(), ownNonce, peer.nonce());
    if (!transport.ring(peer.role()).verify(peer.id(), statement, body)) {
      refuse(ctx, TransportCounters.BAD_HANDSHAKE, "PROOF of " + peer.role().fileName() + " " + peer.id()
          + " does not verify");
      return;
    }
    authenticated = true;
    transport.authenticated(peer.role(), peer.id(), ctx.channel());
  }

  private void onPeer(ChannelHandlerContext ctx, byte[] body) {
    if (peer.role() != Role.REPLICA) {
      refuse(ctx, TransportCounters.SPOOFED_SENDER, "replica message from client " + peer.id());
      return;
    }
    Message m;
    try {
      m = WireCodec.decode(body);
    } catch (WireFormatException e) {
      refuse(ctx, TransportCounters.MALFORMED, "replica " + peer.id() + ": " + e.getMessage());
      return;
    }
    if (m.from() != peer.id()) {
      refuse(ctx, TransportCounters.SPOOFED_SENDER, "replica " + peer.id() + " sent a message from " + m.from());
      return;
    }
    if (!transport.listener().onPeerMessage(peer.id(), m)) {
      transport.counters().add(TransportCounters.INBOX_FULL);
    }
  }

  private void onClient(ChannelHandlerContext ctx, byte[] body) {
    ClientFrameDecoded f;
    try {
      f = WireCodec.decodeClientFrame(body);
    } catch (WireFormatException e) {
      refuse(ctx, TransportCounters.MALFORMED, peer.role().fileName() + " " + peer.id() + ": " + e.getMessage());
      return;
    }
    if (!transport.listener().onClientFrame(peer.role(), peer.id(), f)) {
      transport.counters().add(TransportCounters.INBOX_FULL);
    }
  }

  private void refuse(ChannelHandlerContext ctx, String counter, String reason) {
    transport.counters().add(counter);
    LOG.warning(() -> transport.selfRole().fileName() + " " + transport.selfId() + ": refused a frame from "
        + ctx.channel().remoteAddress() + " (" + counter + "): " + reason + "; closing the connection");
    ctx.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      refuse(ctx, TransportCounters.OVERSIZED, cause.getMessage());
    } else {
      refuse(ctx, TransportCounters.MALFORMED, String.valueOf(cause));
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (authenticated) {
      transport.disconnected(peer.role(), peer.id(), ctx.channel());
    }
    ctx.fireChannelInactive();
  }
}
