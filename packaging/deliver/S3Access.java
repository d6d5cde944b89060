package packaging.deliver;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import store.CurioException;

/**
 * Clients for a bucket destination, and the one place S3 failures become Curio errors naming the destination.
 * Credentials come from the SDK's standard chain (environment, {@code ~/.aws} profiles, instance roles), or the
 * named profile; Curio never reads, logs or stores the secrets themselves.
 */
public final class S3Access {
    /** The region requests are signed for when none is given; S3-compatible servers accept any. */
    static final Region DEFAULT_REGION = Region.US_EAST_1;

    private S3Access() { }

    /**
     * @param connections the HTTP connections the client may hold: at least the parts sent at once
     */
    public static S3Client client(Destination.Bucket b, int connections) {
        var builder = S3Client.builder()
                .region(region(b))
                .credentialsProvider(credentials(b))
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(Math.max(4, connections))
                        .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofMinutes(2)))
                // Curio sends a SHA-256 of every part and object itself; the SDK's own CRC32 would be a second pass.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallAttemptTimeout(Duration.ofMinutes(5)).build())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(b.endpoint() != null).build());
        if (b.endpoint() != null) builder.endpointOverride(b.endpoint());
        return builder.build();
    }

    /**
     * The client bundle data goes through. Unlike the blocking client, it sends a part whose SHA-256 header is signed
     * without hashing the body a second time for the signature over plain HTTP (the server checks that header), so
     * each byte is hashed once on the way out.
     */
    static S3AsyncClient asyncClient(Destination.Bucket b, int connections) {
        var builder = S3AsyncClient.builder()
                .region(region(b))
                .credentialsProvider(credentials(b))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().eventLoopGroup(eventLoops()).maxConcurrency(Math.max(4, connections))
                        .connectionTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofMinutes(2)).writeTimeout(Duration.ofMinutes(2)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallAttemptTimeout(Duration.ofMinutes(5)).build())
                .forcePathStyle(b.endpoint() != null);
        if (b.endpoint() != null) builder.endpointOverride(b.endpoint());
        return builder.build();
    }

    private static SdkEventLoopGroup eventLoops;

    /**
     * One set of network threads for every async client of the process: a client then closes at once, where closing its
     * own set would wait out Netty's two-second quiet period after every delivery.
     */
    private static synchronized SdkEventLoopGroup eventLoops() {
        if (eventLoops == null) {
            eventLoops = SdkEventLoopGroup.create(new io.netty.channel.nio.NioEventLoopGroup(2, r -> {
                Thread t = new Thread(r, "curio-s3-net");
                t.setDaemon(true);
                return t;
            }));
        }
        return eventLoops;
    }

    public static S3Presigner presigner(Destination.Bucket b) {
        var builder = S3Presigner.builder().region(region(b)).credentialsProvider(credentials(b))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(b.endpoint() != null).build());
        if (b.endpoint() != null) builder.endpointOverride(b.endpoint());
        return builder.build();
    }

    /** Fails early, before any upload, when the bucket is missing or the credentials do not open it. */
    static void checkBucket(S3Client s3, Destination.Bucket b) {
        try {
            s3.headBucket(HeadBucketRequest.builder().bucket(b.bucket()).build());
        } catch (SdkException e) {
            throw error(e, b, null);
        }
    }

    static void checkBucket(S3AsyncClient s3, Destination.Bucket b) {
        try {
            S3Upload.join(s3.headBucket(HeadBucketRequest.builder().bucket(b.bucket()).build()));
        } catch (SdkException e) {
            throw error(e, b, null);
        }
    }

    static Region region(Destination.Bucket b) {
        return b.region() == null ? DEFAULT_REGION : Region.of(b.region());
    }

    private static AwsCredentialsProvider credentials(Destination.Bucket b) {
        return b.profile() == null ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(b.profile()).build();
    }

    /**
     * The Curio error for a failed S3 call: {@code deliver.no_bucket}, {@code deliver.access_denied},
     * {@code deliver.checksum_refused}, {@code deliver.no_credentials}, {@code deliver.unreachable} or
     * {@code deliver.s3_failed}, with the destination (and key) as the file.
     *
     * @param key the object the call was about, or null for the bucket
     */
    public static CurioException error(SdkException e, Destination.Bucket b, String key) {
        String where = key == null ? b.display() : "s3://" + b.bucket() + "/" + key;
        if (e instanceof S3Exception s) {
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            String detail = (code == null ? "HTTP " + s.statusCode() : code + " (HTTP " + s.statusCode() + ")")
                    + (s.requestId() == null ? "" : ", request id " + s.requestId());
            if ("NoSuchBucket".equals(code) || (key == null && s.statusCode() == 404)) {
                return new CurioException("deliver.no_bucket", where, "bucket", "the bucket " + b.bucket() + " does not exist: " + detail, e);
            }
            if (s.statusCode() == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)
                    || "AccessDenied".equals(code)) {
                return new CurioException("deliver.access_denied", where, "credentials",
                        "the credentials were refused for " + b.display() + (b.profile() == null ? "" : " (profile " + b.profile() + ")")
                                + ": " + detail, e);
            }
            if ("BadDigest".equals(code) || "InvalidDigest".equals(code) || "XAmzContentChecksumMismatch".equals(code)
                    || "XAmzContentSHA256Mismatch".equals(code)) {
                return new CurioException("deliver.checksum_refused", where, "sha256",
                        "the server refused the data: it does not match its SHA-256 checksum: " + detail, e);
            }
            return new CurioException("deliver.s3_failed", where, null, "the S3 call failed: " + detail, e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SdkClientException && message.contains("credentials")) {
            return new CurioException("deliver.no_credentials", where, "credentials",
                    "no AWS credentials found (environment, ~/.aws profiles" + (b.profile() == null ? "" : ", profile " + b.profile())
                            + "): " + firstLine(message), e);
        }
        return new CurioException("deliver.unreachable", where, b.endpoint() == null ? null : "endpoint",
                "cannot reach " + (b.endpoint() == null ? "S3" : b.endpoint().toString()) + ": " + firstLine(message), e);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
