import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** What `kubectl port-forward` does, between two local ports: `java PortForward.java <local> <target>`. */
public class PortForward {

    public static void main(String[] args) throws IOException {
        int target = Integer.parseInt(args[1]);
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 50, InetAddress.getLoopbackAddress())) {
            System.out.println("Forwarding from 127.0.0.1:" + args[0] + " -> " + target);
            while (true) {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                pipe(client, upstream);
                pipe(upstream, client);
            }
        }
    }

    static void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                in.transferTo(out);
                to.shutdownOutput();
            } catch (IOException closed) {
                // one side went away: so does the copy
            }
        });
        thread.setDaemon(true);
        thread.start();
    }
}
